# Host unit tests of flash/: the AT29C040A bank model alone, the real driver on the real model, and
# the simulated bus and clock (at29_sim) the host tests and pix-flash run them on.
UNIT_TESTS += test_at29_model test_at29 test_at29_sim
test_at29_model_SRCS := tests/unit/test_at29_model.c flash/at29_model.c
test_at29_SRCS := tests/unit/test_at29.c flash/at29.c flash/at29_model.c flash/at29_sim.c
test_at29_sim_SRCS := tests/unit/test_at29_sim.c flash/at29_sim.c flash/at29.c flash/at29_model.c
