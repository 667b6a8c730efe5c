/* rule{}, contact{} and the signal keys of cell_type{}: the same structures, and so the same
 * trajectories, as the scenario JSON; errors name the script line. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "harness.h"
#include "lua_helpers.h"
#include "sim_helpers.h"
#include "ct_sim_create.h"

/* th_trajectory of the simulation of script and scenario body. */
static uint64_t trajectory(const char *script, const char *body, long steps)
{
    ct_scenario *sc;
    ct_sim *sim = tl_sim(script, body, &sc);
    uint64_t h = th_trajectory(sim, steps);
    ct_sim_free(sim);
    ct_scenario_free(sc);
    return h;
}

#define FIELD_C "\"fields\":{\"c\":{\"diffusion\":100,\"decay\":0.01}},"
#define TUMOUR_DISC                                                                              \
    "\"initial\":[{\"shape\":\"disc\",\"type\":\"a\",\"centre\":[150,150],\"radius\":60,"        \
    "\"fill\":true}]"

/* Hill rules on a field and on a neighbour count, and secretion: JSON and script agree bit for
   bit, also when the script adds rules to a type of the JSON. */
TEST(lua_rules_give_the_trajectory_of_json_rules)
{
    const char *type_a = FIELD_C "\"cell_types\":{\"a\":{\"proliferation\":{\"rate\":0.05},"
                         "\"death\":{\"rate\":0.001},\"secretion\":{\"c\":1}%s}}," TUMOUR_DISC;
    char json[1024], mixed[1024];
    snprintf(json, sizeof json, type_a,
             ",\"rules\":[{\"behaviour\":\"death\",\"signal\":\"field:c\",\"max\":0.05,"
             "\"half\":2,\"hill\":2},{\"behaviour\":\"proliferation\",\"signal\":"
             "\"neighbours:a\",\"max\":0,\"half\":3}]");
    snprintf(mixed, sizeof mixed, type_a, "");
    const char *rules_lua =
        "rule{type='a', behaviour='death', signal='c', max=0.05, half=2, hill=2}\n"
        "rule{type='a', behaviour='proliferation', neighbours='a', max=0, half=3}\n";
    char script[1024];
    snprintf(script, sizeof script, "%s%s", rules_lua,
             "cell_type{name='a', proliferation=0.05, death=0.001, secretion={c=1}}\n");
    uint64_t want = trajectory("-- types in the JSON\n", json, 60);
    CHECK(want != 0);
    CHECK(trajectory(script, FIELD_C TUMOUR_DISC, 60) == want);
    CHECK(trajectory(rules_lua, mixed, 60) == want);
    CHECK(trajectory("-- types in the JSON\n", mixed, 60) != want); /* the rules matter */
}

/* Activation to a state by contact, a kill with a probability, states and chemotaxis. */
TEST(lua_contacts_give_the_trajectory_of_json_contacts)
{
    const char *placed =
        "\"initial\":[{\"shape\":\"disc\",\"type\":\"tumour\",\"centre\":[150,150],\"radius\":50,"
        "\"fill\":true},{\"shape\":\"rect\",\"type\":\"tcell\",\"min\":[0,0],\"max\":[300,60],"
        "\"count\":40}]";
    char json[2048], body[1024];
    snprintf(json, sizeof json,
             FIELD_C "\"cell_types\":{\"tumour\":{\"proliferation\":{\"rate\":0.01},\"secretion\":"
                     "{\"c\":0.5},\"contact\":[{\"action\":\"activate\",\"target\":\"tcell\","
                     "\"target_state\":\"naive\",\"to\":\"active\",\"probability\":0.3}]},"
                     "\"tcell\":{\"states\":[\"naive\",\"active\"],\"motility\":{\"rate\":0.5},"
                     "\"chemotaxis\":{\"field\":\"c\",\"sensitivity\":20},\"contact\":[{\"action\":"
                     "\"kill\",\"target\":\"tumour\",\"state\":\"active\",\"probability\":0.2}]}},"
                     "%s",
             placed);
    snprintf(body, sizeof body, FIELD_C "%s", placed);
    const char *script =
        "contact{from='tcell', to='tumour', action='kill', from_state='active', probability=0.2}\n"
        "cell_type{name='tumour', proliferation=0.01, secretion={c=0.5}}\n"
        "contact{from='tumour', to='tcell', action='activate', to_state='naive', state='active',"
        " probability=0.3}\n"
        "cell_type{name='tcell', states={'naive', 'active'}, motility=0.5,"
        " chemotaxis={field='c', sensitivity=20}}\n";
    uint64_t want = trajectory("-- types in the JSON\n", json, 80);
    CHECK(want != 0);
    CHECK(trajectory(script, body, 80) == want);
}

TEST(lua_signal_declarations_fill_the_scenario)
{
    ct_error err = {0};
    ct_scenario *sc = tl_scenario(
        "cell_type{name='v', states={'free', 'bound'}, initial_state='bound', uptake={c=0.1}}\n"
        "cell_type{name='e'}\ncell_type{name='i', death=0.01}\n"
        "contact{from='v', to='e', action='infect', rate=0.5, become='i', name='bite'}\n"
        "rule{type='v', behaviour='contact:bite', neighbours='v:free', max=1, half=2, state='bound'}\n",
        FIELD_C "\"name\":\"signals\"", NULL, 0, &err);
    if (!CHECK(sc != NULL))
        return;
    const ct_type_signals *v = &sc->types[0].sig;
    CHECK(sc->n_states == 3 && v->initial_state == 2 && v->n_secretions == 1);
    CHECK(v->secretion[0].uptake == 0.1 && v->secretion[0].rate == 0);
    CHECK(v->n_contacts == 1 && v->contact[0].action == CT_CONTACT_INFECT);
    CHECK(v->contact[0].to == 2 && v->contact[0].per_minute && v->contact[0].value == 0.5);
    CHECK(v->n_rules == 1 && v->rule[0].behaviour == CT_BEHAVIOUR_CONTACT);
    CHECK(v->rule[0].signal_index == 0 && v->rule[0].signal_state == 1 && v->rule[0].state == 2);
    CHECK(v->rule[0].hill == 1);
    ct_scenario_free(sc);
}

TEST(lua_signal_declaration_errors_name_the_line)
{
    const char *types = "cell_type{name='a', states={'on'}}\ncell_type{name='b'}\n";
    char s[512];
#define ERR(line, want)                                                                          \
    (snprintf(s, sizeof s, "%s%s\n", types, line), th_says(tl_error(s, FIELD_C "\"name\":\"signals\"", 0), want))
    CHECK(ERR("rule{type='a', behaviour='death', signal='tnf', max=1, half=1}",
              ".lua:3: rule (signal): unknown field \"tnf\" (declare it under \"fields\")"));
    CHECK(ERR("rule{type='x', behaviour='death', signal='c', max=1, half=1}",
              ".lua:3: rule (type): unknown cell type \"x\""));
    CHECK(ERR("rule{type='a', behaviour='death', neighbours='a:off', max=1, half=1}",
              ".lua:3: rule (signal): cell type \"a\" has no state \"off\""));
    CHECK(ERR("rule{type='a', behaviour='death', signal='c', max=1, half=0}",
              ".lua:3: rule: field \"half\" = 0.0 is outside [1e-30, 1e+30]"));
    CHECK(ERR("rule{type='a', behaviour='growth', signal='c', max=1, half=1}",
              ".lua:3: rule (behaviour): expected motility, proliferation, death, transition"));
    CHECK(ERR("rule{type='a', behaviour='death', signal='c', neighbours='a', max=1, half=1}",
              ".lua:3: rule: give either signal = FIELD or neighbours = TYPE"));
    CHECK(ERR("rule{type='a', behaviour='death', signal='c', half=1}",
              ".lua:3: rule: field \"max\" is required"));
    CHECK(ERR("contact{from='a', to='z', action='kill', probability=0.1}",
              ".lua:3: contact (to): unknown cell type \"z\""));
    CHECK(ERR("contact{from='b', to='a', action='activate', state='off', probability=0.1}",
              ".lua:3: contact (state): cell type \"a\" has no state \"off\""));
    CHECK(ERR("contact{from='b', to='a', action='kill', from_state='on', probability=0.1}",
              ".lua:3: contact (from_state): cell type \"b\" has no state \"on\""));
    CHECK(ERR("contact{from='a', to='b', action='kill', probability=0.1, rate=1}",
              ".lua:3: contact: give either \"probability\" (per step) or \"rate\""));
    CHECK(ERR("contact{from='a', to='b', action='kill', probability=2}",
              ".lua:3: contact: field \"probability\" = 2.0 is outside [0.0, 1.0]"));
    CHECK(ERR("contact{from='a', to='b', action='eat', probability=1}",
              ".lua:3: contact: action must be \"kill\", \"infect\", \"activate\" or "
              "\"phagocytose\""));
    CHECK(ERR("contact{from='a', to='b', action='kill', probabilty=1}",
              ".lua:3: contact: unknown field \"probabilty\" (did you mean \"probability\"?)"));
    CHECK(ERR("cell_type{name='c', states={'x', 'x'}}",
              ".lua:3: cell_type: states: state defined twice"));
    CHECK(ERR("cell_type{name='c', states={'x'}, initial_state='y'}",
              ".lua:3: cell_type: initial_state: cell type \"c\" has no state \"y\""));
    CHECK(ERR("cell_type{name='c', initial_state='y'}",
              ".lua:3: cell_type: initial_state: needs \"states\""));
    CHECK(ERR("cell_type{name='c', secretion={cc=1}}",
              ".lua:3: cell_type: secretion: unknown field \"cc\""));
    CHECK(ERR("cell_type{name='c', uptake={c=-1}}", ".lua:3: cell_type: uptake: field \"c\""));
    CHECK(ERR("cell_type{name='c', chemotaxis={field='c'}}",
              ".lua:3: cell_type: chemotaxis: field \"sensitivity\" is required"));
#undef ERR
}
