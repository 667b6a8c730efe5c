-- T cells searching for antigen-presenting cells (APCs) in a lymph node (docs/models.md, model 2).
-- T cells walk at random (built-in motility, slowed while touching an APC by a rule); this script
-- records, per T cell, the time of its first APC contact and its cumulative contact time, and
-- marks the first contact by the state "contacted". APCs activate contacted T cells by a contact
-- action (scenario). A contact is an APC on one of the 6 neighbour sites.

attribute{type = "tcell", name = "first_contact", default = -1} -- minutes; -1: none yet
attribute{type = "tcell", name = "contact_time", default = 0}   -- minutes touching an APC

on_cell("tcell", function(cell)
  if cell:neighbours("apc") > 0 then
    if cell.first_contact < 0 then
      cell.first_contact = sim.time
      if cell:in_state("naive") then cell:set_state("contacted") end
    end
    cell.contact_time = cell.contact_time + sim.dt
  end
end)
