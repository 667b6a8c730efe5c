-- scenarios/tcell_tumour.json with its cell types declared here (the chemokine field stays in the
-- scenario JSON): the same model, the same counts.csv for the same seed.
-- A tumour secretes a chemokine; T cells starting at the edges follow its gradient, are
-- activated by contact with tumour cells, kill them, and become exhausted under chronic contact.

cell_type{name = "tumour", proliferation = 0.0015, secretion = {chemokine = 0.5},
          colour = "#d55e00"}
cell_type{name = "tcell", states = {"naive", "active", "exhausted"}, initial_state = "naive",
          motility = 1.0, death = 0.0002,
          chemotaxis = {field = "chemokine", sensitivity = 50}, colour = "#0072b2"}

-- tumour cells present antigen: a naive T cell touching one is activated with probability 0.5
-- per step; chronic contact exhausts active T cells at 0.003 per minute
contact{from = "tumour", to = "tcell", action = "activate", to_state = "naive", state = "active",
        probability = 0.5, name = "present"}
contact{from = "tumour", to = "tcell", action = "activate", to_state = "active",
        state = "exhausted", rate = 0.003, name = "exhaust"}
-- an active T cell kills a tumour cell it touches with probability 0.04 per step
contact{from = "tcell", to = "tumour", action = "kill", from_state = "active", probability = 0.04}

-- T cells slow down among tumour cells: motility falls from 1 to 0.05 per minute
rule{type = "tcell", behaviour = "motility", neighbours = "tumour", max = 0.05, half = 1, hill = 2}
