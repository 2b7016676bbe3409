/* assert for the firmware: compiled out (NDEBUG behaviour); static_assert maps to C11's. */
#ifndef LIB_ASSERT_H
#define LIB_ASSERT_H

#define assert(x) ((void)0)
#define static_assert _Static_assert

#endif /* LIB_ASSERT_H */
