# Unit tests of the HTTP client's pure logic (net/http.c): request, response parser, URLs.
UNIT_TESTS += test_http
test_http_SRCS := tests/unit/test_http.c net/http.c
# every vector is fed cut at every position (and every pair): optimised, it takes a second
test_http_CFLAGS := -O2
