/* Pushing on the lattice: a division or a move that finds no free neighbour may shift a chain of
 * cells one site each towards the nearest free site within a radius, the daughter (or the mover)
 * taking the first site of the chain. This is the lattice rule of Drasdo & Hoehme (Phys Biol
 * 2:133, 2005) and Block, Schöll & Drasdo (PRL 99:248101, 2007): only cells within the radius of
 * the tissue's free border can divide, so a dense tumour grows from a rim of that thickness and its
 * radius grows linearly in time (docs/models.md, "Pushing on the lattice"). The radius is
 * Euclidean, so that the rim is equally thick in every direction; the chain is a digital straight
 * line of neighbour steps, as short as the neighbourhood allows.
 *
 * Pushes are claims too, resolved serially after the step's births in the order of a key drawn
 * from each agent's id and the step, each against the lattice as the earlier pushes left it: a
 * chain that crosses an earlier one sees the cells where that one put them. Nothing depends on
 * thread count or memory order. Behaviour layer: for the step (core/sim) only. */
#ifndef CT_PUSH_H
#define CT_PUSH_H

#include <stddef.h>
#include <stdint.h>

#include "ct_sim.h"

/* A move or division waiting to push, as the step collected it. */
typedef struct ct_push_request {
    uint64_t key;   /* resolution order */
    uint32_t agent; /* index in the agent store (stable until the step ends) */
    uint32_t first; /* the neighbour the chain goes straight through, or CT_NO_SITE for any */
    uint8_t divide; /* 1: division, 0: move */
    uint8_t radius; /* reach (Euclidean), in sites */
} ct_push_request;

typedef struct ct_push_list {
    ct_push_request *req;
    size_t n;
} ct_push_list;

/* Called by the step for agent i whose move or division found no free target site (asked: the
   site its decider named, or CT_NO_SITE): when the agent or its type may push, turns its intent
   into a pending push (CT_INTENT_PUSH_MOVE or _DIVIDE) and returns 1; otherwise returns 0. */
int ct_push_defer(ct_sim *sim, size_t i, uint32_t asked);
/* After apply, before births (which may reallocate the step's intents): lists the pending pushes
   in resolution order. list is empty and needs no freeing when none is pending. */
int ct_push_collect(ct_sim *sim, ct_push_list *list);
/* After births: resolves the listed pushes one by one, moving cells and adding the daughters
   (ids in resolution order), unless status (the births' own) is not 0. Frees the list either way;
   returns status, or the first failure. */
int ct_push_resolve(ct_sim *sim, ct_push_list *list, int status);

#endif
