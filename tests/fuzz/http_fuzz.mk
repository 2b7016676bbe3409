# libFuzzer harness of the HTTP client's pure logic (net/http.c): responses fed whole and in
# pieces, URLs, redirects and requests.
FUZZERS += fuzz_http
fuzz_http_SRCS := tests/fuzz/fuzz_http.c net/http.c
