/* Error numbers for the firmware, with Linux's values so host and firmware agree. */
#ifndef LIB_ERRNO_H
#define LIB_ERRNO_H

#define EPERM 1
#define ENOENT 2
#define EIO 5
#define ENXIO 6
#define E2BIG 7
#define EAGAIN 11
#define ENOMEM 12
#define EACCES 13
#define EFAULT 14
#define EBUSY 16
#define EEXIST 17
#define ENODEV 19
#define EINVAL 22
#define EFBIG 27
#define ENOSPC 28
#define EPIPE 32
#define ERANGE 34
#define ELOOP 40
#define ENOMSG 42
#define ENODATA 61
#define EPROTO 71
#define EBADMSG 74
#define EPROTONOSUPPORT 93
#define EOPNOTSUPP 95
#define EADDRNOTAVAIL 99
#define ENETDOWN 100
#define ECONNABORTED 103
#define ECONNRESET 104
#define EHOSTUNREACH 113
#define ETIMEDOUT 110
#define ECONNREFUSED 111
#define EREMOTEIO 121
#define ECANCELED 125
#define ENOKEY 126

#endif /* LIB_ERRNO_H */
