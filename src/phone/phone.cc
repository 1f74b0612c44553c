// The C face of libphonenumber, built alone as callq-phone.so: nothing C++
// crosses this file's edge, and the binary loads it (src/phone/phone.c)
// only when a number is to be read, so libphonenumber, protobuf, ICU and
// libstdc++ cost nothing to the commands that read none.
#include <cstring>
#include <new>
#include <string>

#include <phonenumbers/phonenumberutil.h>

extern "C" {
#include "callq/phone.h"
#include "shim.h"
}

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

static void
copy_out(char *dst, size_t size, const std::string &src)
{
	size_t n = src.size() < size - 1 ? src.size() : size - 1;

	std::memcpy(dst, src.data(), n);
	dst[n] = '\0';
}

static void
fill(const PhoneNumberUtil *util, const PhoneNumber &num, struct phone *out)
{
	std::string s;

	out->valid = util->IsValidNumber(num);
	util->Format(num, PhoneNumberUtil::E164, &s);
	copy_out(out->e164, sizeof out->e164, s);
	copy_out(out->ext, sizeof out->ext, num.extension());
	util->GetRegionCodeForNumber(num, &s);
	copy_out(out->region, sizeof out->region, s == "ZZ" ? "" : s);
	// The readable forms leave the extension out: the drawer shows it apart.
	PhoneNumber bare(num);
	bare.clear_extension();
	util->Format(bare, PhoneNumberUtil::NATIONAL, &s);
	copy_out(out->national, sizeof out->national, s);
	util->Format(bare, PhoneNumberUtil::INTERNATIONAL, &s);
	copy_out(out->international, sizeof out->international, s);
}

static enum phone_result
shim_parse(const char *raw, const char *default_region, struct phone *out)
{
	std::memset(out, 0, sizeof *out);
	try {
		const PhoneNumberUtil *util = PhoneNumberUtil::GetInstance();
		PhoneNumber num;
		std::string region = default_region ? default_region : "";

		switch (util->Parse(raw, region.empty() ? "ZZ" : region, &num)) {
		case PhoneNumberUtil::NO_PARSING_ERROR:
			fill(util, num, out);
			return PHONE_OK;
		case PhoneNumberUtil::INVALID_COUNTRY_CODE_ERROR:
			return PHONE_NO_REGION;
		default:
			return PHONE_UNPARSEABLE;
		}
	} catch (const std::bad_alloc &) {
		return PHONE_UNPARSEABLE;
	}
}

/*
 * Text made only of digits, the usual separators and a leading '+' cannot
 * hold an extension (every extension form libphonenumber knows needs a
 * letter, '#', '~', ',' or ';'), and Parse ignores the separators; so it
 * gets the digits alone, which spares it a third of its regex work.
 * Returns false when raw must go to Parse as it is.
 */
static bool
plain_digits(const char *raw, std::string *out)
{
	const char *p = raw;

	while (*p == ' ')
		p++;
	if (*p == '+')
		out->push_back(*p++);
	for (; *p != '\0'; p++) {
		if (*p >= '0' && *p <= '9')
			out->push_back(*p);
		else if (std::strchr(" -.()/", *p) == NULL)
			return false;
	}
	return out->size() >= 2;
}

/*
 * IsValidNumber first works out which of the regions sharing a calling
 * code the number is from, trying each in turn (24 for +1); asking about
 * the region the row names, or the code's main region, answers most
 * numbers in one step. Only a number neither accepts pays for the search.
 */
static bool
valid_number(const PhoneNumberUtil *util, const PhoneNumber &num,
    const std::string &region)
{
	std::string main;

	if (!region.empty() &&
	    util->GetCountryCodeForRegion(region) == num.country_code() &&
	    util->IsValidNumberForRegion(num, region))
		return true;
	util->GetRegionCodeForCountryCode(num.country_code(), &main);
	if (main != region && util->IsValidNumberForRegion(num, main))
		return true;
	return util->IsValidNumber(num);
}

static enum phone_check
shim_check(const char *raw, const char *region, struct phone_key *out)
{
	std::memset(out, 0, sizeof *out);
	try {
		const PhoneNumberUtil *util = PhoneNumberUtil::GetInstance();
		std::string text, reg = region ? region : "", s;
		PhoneNumber num;

		if (!plain_digits(raw, &text))
			text = raw;
		switch (util->Parse(text, reg.empty() ? "ZZ" : reg, &num)) {
		case PhoneNumberUtil::NO_PARSING_ERROR:
			break;
		case PhoneNumberUtil::INVALID_COUNTRY_CODE_ERROR:
			/* "+999 ...": a code that does not exist; else none. */
			return reg.empty() && raw[std::strspn(raw, " ")] != '+' ?
			    PHONE_CHECK_NO_COUNTRY : PHONE_CHECK_INVALID;
		default:
			return PHONE_CHECK_NOT_NUMBER;
		}
		util->Format(num, PhoneNumberUtil::E164, &s);
		copy_out(out->e164, sizeof out->e164, s);
		copy_out(out->ext, sizeof out->ext, num.extension());
		if (!valid_number(util, num, reg))
			return PHONE_CHECK_INVALID;
		util->Format(num, PhoneNumberUtil::INTERNATIONAL, &s);
		copy_out(out->display, sizeof out->display, s);
		return PHONE_CHECK_VALID;
	} catch (const std::bad_alloc &) {
		return PHONE_CHECK_NOT_NUMBER;
	}
}

// GetCountryCodeForRegion answers 0 for a code it has no metadata for.
static int
shim_calling_code(const char *cc)
{
	return PhoneNumberUtil::GetInstance()->GetCountryCodeForRegion(cc);
}

// The one name the shim exports (it is built -fvisibility=hidden).
extern "C" __attribute__((visibility("default")))
const struct phone_shim callq_phone_shim = {
	shim_parse,
	shim_check,
	shim_calling_code,
};
