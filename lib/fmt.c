/* Freestanding vsnprintf/snprintf: %d %i %u %x %X %s %c %p %% with l, ll, z, width, '0', '-', precision. */
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/* Output cursor: bytes past the buffer are counted but not stored. */
struct fmt_out {
	char *buf;
	size_t size;
	size_t len;
};

/* One conversion's flags, width and precision. */
struct fmt_spec {
	bool left;
	bool zero;
	int width;
	int prec; /* -1 when absent */
	int lng; /* 0 int, 1 long, 2 long long, 3 size_t */
};

static void fmt_put(struct fmt_out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void fmt_pad(struct fmt_out *o, char c, int n)
{
	while (n-- > 0)
		fmt_put(o, c);
}

/* Emits s (n bytes) padded to the spec's width. */
static void fmt_field(struct fmt_out *o, const struct fmt_spec *sp, const char *s, int n)
{
	int pad = sp->width > n ? sp->width - n : 0;

	if (!sp->left)
		fmt_pad(o, ' ', pad);
	while (n--)
		fmt_put(o, *s++);
	if (sp->left)
		fmt_pad(o, ' ', pad);
}

/* Emits an unsigned number in base 10 or 16, with an optional minus sign. */
static void fmt_number(struct fmt_out *o, const struct fmt_spec *sp, unsigned long long v, bool neg,
		       unsigned int base, bool upper)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	int n = 0, pad;

	do {
		tmp[n++] = digits[v % base];
		v /= base;
	} while (v);
	pad = sp->width - n - (neg ? 1 : 0);
	if (!sp->left && !sp->zero)
		fmt_pad(o, ' ', pad);
	if (neg)
		fmt_put(o, '-');
	if (!sp->left && sp->zero)
		fmt_pad(o, '0', pad);
	while (n)
		fmt_put(o, tmp[--n]);
	if (sp->left)
		fmt_pad(o, ' ', pad);
}

/* Parses flags, width, precision and length at *fmt; leaves *fmt on the conversion letter. */
static void fmt_parse_spec(const char **fmt, struct fmt_spec *sp, va_list *ap)
{
	const char *f = *fmt;

	*sp = (struct fmt_spec){ .prec = -1 };
	for (;; f++) {
		if (*f == '-')
			sp->left = true;
		else if (*f == '0')
			sp->zero = true;
		else
			break;
	}
	if (*f == '*') {
		sp->width = va_arg(*ap, int);
		f++;
	}
	while (*f >= '0' && *f <= '9')
		sp->width = sp->width * 10 + (*f++ - '0');
	if (*f == '.') {
		f++;
		sp->prec = 0;
		if (*f == '*') {
			sp->prec = va_arg(*ap, int);
			f++;
		}
		while (*f >= '0' && *f <= '9')
			sp->prec = sp->prec * 10 + (*f++ - '0');
	}
	for (; *f == 'l'; f++)
		sp->lng++;
	if (*f == 'z') {
		sp->lng = 3;
		f++;
	}
	*fmt = f;
}

static unsigned long long fmt_uarg(const struct fmt_spec *sp, va_list *ap)
{
	switch (sp->lng) {
	case 0:
		return va_arg(*ap, unsigned int);
	case 1:
		return va_arg(*ap, unsigned long);
	case 3:
		return va_arg(*ap, size_t);
	default:
		return va_arg(*ap, unsigned long long);
	}
}

static long long fmt_sarg(const struct fmt_spec *sp, va_list *ap)
{
	switch (sp->lng) {
	case 0:
		return va_arg(*ap, int);
	case 1:
		return va_arg(*ap, long);
	case 3:
		return (long long)va_arg(*ap, size_t);
	default:
		return va_arg(*ap, long long);
	}
}

/* Handles one conversion letter c. */
static void fmt_convert(struct fmt_out *o, struct fmt_spec *sp, char c, va_list *ap)
{
	const char *s;
	long long sv;
	char ch;
	int n;

	switch (c) {
	case 'd':
	case 'i':
		sv = fmt_sarg(sp, ap);
		fmt_number(o, sp, sv < 0 ? 0ULL - (unsigned long long)sv : (unsigned long long)sv,
			   sv < 0, 10, false);
		break;
	case 'u':
		fmt_number(o, sp, fmt_uarg(sp, ap), false, 10, false);
		break;
	case 'x':
	case 'X':
		fmt_number(o, sp, fmt_uarg(sp, ap), false, 16, c == 'X');
		break;
	case 'p':
		fmt_put(o, '0');
		fmt_put(o, 'x');
		fmt_number(o, sp, (uintptr_t)va_arg(*ap, void *), false, 16, false);
		break;
	case 's':
		s = va_arg(*ap, const char *);
		if (!s)
			s = "(null)";
		for (n = 0; s[n] && (sp->prec < 0 || n < sp->prec); n++)
			;
		fmt_field(o, sp, s, n);
		break;
	case 'c':
		ch = (char)va_arg(*ap, int);
		fmt_field(o, sp, &ch, 1);
		break;
	default: /* '%' and anything unknown are printed as is */
		fmt_put(o, c);
		break;
	}
}

/*
 * vsnprintf - format into buf, storing at most size-1 characters and a NUL.
 * Returns the length the full output would have had.
 */
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct fmt_out o = { .buf = buf, .size = size };
	struct fmt_spec sp;
	va_list aq;

	va_copy(aq, ap);
	for (; *fmt; fmt++) {
		if (*fmt != '%') {
			fmt_put(&o, *fmt);
			continue;
		}
		fmt++;
		fmt_parse_spec(&fmt, &sp, &aq);
		if (!*fmt)
			break;
		fmt_convert(&o, &sp, *fmt, &aq);
	}
	va_end(aq);
	if (size)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return (int)o.len;
}

/* snprintf - vsnprintf with a variable argument list. */
int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
