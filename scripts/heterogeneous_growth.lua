-- Heterogeneous growth without C: every founding cell draws its own division rate from a lognormal
-- distribution and passes it to its daughters, so fast clones take over. A clone mark is drawn
-- at birth and inherited too; a daughter's generation counter restarts, since inherit = false.
-- Crowded cells (all eight neighbours taken) die at params.crowding_death per minute.

cell_type{name = "tumour", colour = "#d55e00"}

attribute{type = "tumour", name = "division_rate", dist = "lognormal",
          meanlog = math.log(params.median_division_rate), sdlog = params.heterogeneity}
attribute{type = "tumour", name = "clone", dist = "uniform", min = 0, max = 1}
attribute{type = "tumour", name = "divisions", default = 0, inherit = false}

on_cell("tumour", function(cell)
  local dt = sim.dt
  if math.random() < cell.division_rate * dt then
    cell:divide()
    cell.divisions = cell.divisions + 1
  elseif cell:neighbours() == 8 and math.random() < params.crowding_death * dt then
    cell:die()
  end
end)

on_step(function(sim)
  if sim.step % 400 == 0 then
    print(string.format("day %4.1f: %d tumour cells", sim.time / 1440, sim.counts.tumour))
  end
end)
