-- CD8 T cells arriving in an infected epithelium (docs/models.md, model 1, full form).
-- From day params.cd8_arrival_day on, CD8 T cells are recruited in proportion to the antigen load:
-- params.cd8_per_infected_per_hour per infected cell and hour enter the tissue at random free
-- sites (sites left by dead infected cells). Each step adds a Poisson number of that mean times
-- dt / 60, drawn from the hook's random stream. Killing, chemotaxis towards
-- interferon and death are declared in the scenario.

on_step(function(s)
  if s.time >= params.cd8_arrival_day * 1440 then
    local infected = s.counts["infected"] or 0
    local n = math.poisson(params.cd8_per_infected_per_hour * infected * s.dt / 60)
    if n > 0 then s:add_cells("cd8", n) end
  end
end)
