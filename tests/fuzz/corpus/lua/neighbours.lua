on_cell("a", function(cell)
  local load = 0
  for n in cell:each_neighbour() do
    load = load + n.x + n.state + (n.type == "b" and n:signal("o2") or 0)
    if n:in_state("default") then kept = n end
  end
  for n in cell:each_neighbour("b:default") do load = load + n.id end
  if cell:signal("o2", 1, -1) and load > 100 then cell:change_type("b:default") end
end)
on_step(function(sim) if kept then pcall(function() return kept.type end) end end)
