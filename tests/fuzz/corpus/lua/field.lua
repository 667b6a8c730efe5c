on_step(function(sim)
  local f = sim:field("o2")
  f:set(5, 5, f:get(5, 5) + 1)
  f:set_site(sim.step % 12, 3, 1e30)
  local t = f:total()
  pcall(f.set, f, 5, 5, -1)
  pcall(f.set_site, f, 99, 0, 1)
  pcall(f.get, f, 0 / 0, 1)
  if t > 1e31 then sim:stop() end
  local c = sim.counts
  assert(c.a + c.b == sim.cells)
end)
