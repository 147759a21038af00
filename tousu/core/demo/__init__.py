"""Demo data: the organisations of the five procedures (and the inspection institute the
regulator hands cases to), imported from `organisations.yaml` through `tousu org import`,
and a few hundred realistic Chinese complaints lived by their people through `register`
/ `perform`, so that timelines and deadline clocks are real. `tousu demo` is the shell
around `build.run`; `safety` keeps every made-up contact out of reach of real people."""
