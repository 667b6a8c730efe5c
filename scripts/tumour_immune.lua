-- Tumour and cytotoxic T cells. The tumour grows from a disc; on day params.injection_day a dose of
-- T cells enters around it. A T cell that touches a tumour cell kills it with a probability set by
-- its own potency, and each kill exhausts it a little. T cells walk at random otherwise and die
-- after params.tcell_lifespan_days. Every number comes from the scenario's "parameters".

cell_type{name = "tumour", proliferation = params.tumour_division, death = 0.0001,
          colour = "#d55e00"}
-- T cells move through their per-cell function, so their built-in rates stay 0.
cell_type{name = "tcell", colour = "#0072b2"}

-- Cell-to-cell heterogeneity: each T cell draws its potency at birth.
attribute{type = "tcell", name = "potency", dist = "normal", mean = 1.0, sd = params.potency_sd}

local lifespan = params.tcell_lifespan_days * 24 * 60 -- minutes

on_cell("tcell", function(cell)
  if cell.age > lifespan then
    cell:die()
  elseif cell:neighbours("tumour") > 0 then
    if math.random() < params.kill_probability * cell.potency then
      if cell:act("kill", "tumour") then
        cell.potency = cell.potency * params.exhaustion
      end
    end
  elseif math.random() < params.tcell_speed then
    cell:move() -- a random free neighbour site
  end
end)

local injection_step = nil
on_step(function(sim)
  injection_step = injection_step or math.floor(params.injection_day * 24 * 60 / sim.dt)
  if sim.step == injection_step then
    local placed = sim:add_cells("tcell", params.tcell_dose, {centre = {1000, 1000}, radius = 500})
    print(string.format("day %.1f: %d T cells injected", sim.time / 1440, placed))
  end
  if sim.counts.tumour == 0 then
    print(string.format("day %.1f: tumour cleared", sim.time / 1440))
    sim:stop()
  end
end)
