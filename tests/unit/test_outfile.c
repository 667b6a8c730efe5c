/* ct_outfile_open_in: DIR/NAME written through a temporary name and renamed into place, and a
   joined path too long for the record refused by name rather than cut short. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ct_io.h"
#include "harness.h"

TEST(outfile_open_in_writes_dir_slash_name)
{
    ct_outfile f;
    ct_error err = {0};
    CHECK(ct_outfile_open_in(&f, ct_test_tmpdir(), "joined.csv", &err) == CT_OK);
    fputs("a,b\n", f.fp);
    CHECK(ct_outfile_commit(&f, &err) == CT_OK);
    char path[4200];
    snprintf(path, sizeof path, "%s/joined.csv", ct_test_tmpdir());
    FILE *fp = fopen(path, "r");
    char line[16] = {0};
    CHECK(fp && fgets(line, sizeof line, fp) && strcmp(line, "a,b\n") == 0);
    if (fp)
        fclose(fp);
    unlink(path);
}

TEST(outfile_open_in_refuses_a_path_too_long)
{
    char name[4100];
    memset(name, 'n', sizeof name - 1);
    name[sizeof name - 1] = '\0';
    ct_outfile f;
    ct_error err = {0};
    CHECK(ct_outfile_open_in(&f, ct_test_tmpdir(), name, &err) == CT_EINVAL);
    CHECK(strstr(err.msg, "path too long") != NULL);
}
