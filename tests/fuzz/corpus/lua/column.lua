column{name = "ratio", value = function(sim) return sim.counts.a / math.max(sim.counts.b, 1) end}
column{name = "o2_total", value = function(sim) return sim:field("o2"):total() end}
column{name = "draw", integer = true, value = function(sim) return math.binomial(10, 0.5) end}
column{name = "bad", value = function(sim) sim:add_cells("a", 1) return 0 end}
