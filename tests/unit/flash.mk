# Host unit tests of flash/: the AT29C040A bank model alone, and the real driver on the real model.
UNIT_TESTS += test_at29_model test_at29
test_at29_model_SRCS := tests/unit/test_at29_model.c flash/at29_model.c
test_at29_SRCS := tests/unit/test_at29.c flash/at29.c flash/at29_model.c
