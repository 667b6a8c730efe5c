-- Bacterial infection of a tissue patch: bacteria divide where there is room and release a
-- chemoattractant; resident macrophages phagocytose touching bacteria and, while touching them,
-- secrete chemokine (rule in the scenario). Neutrophils extravasate from a venule along the left
-- edge at a rate that rises with the bacterial load (Hill n = 1, half-maximal at
-- params.influx_half bacteria), follow the chemokine gradient and phagocytose bacteria on contact;
-- they die after about params.neutrophil_lifespan_h hours (the scenario's death rate).
-- Parameters: neutrophil_influx (cells/min at saturation), influx_half (bacteria), venule_width_um.

on_step(function(sim)
  local B = sim.counts.bacterium
  if B == 0 then
    sim:stop() -- resolved
    return
  end
  local rate = params.neutrophil_influx * B / (params.influx_half + B)
  local n = math.poisson(rate * sim.dt)
  if n > 0 then
    sim:add_cells("neutrophil", n, {min = {0, 0}, max = {params.venule_width_um, 1e9}})
  end
end)
