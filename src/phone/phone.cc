// The C face of libphonenumber: nothing C++ crosses this file's edge.
#include <cstring>
#include <new>
#include <string>

#include <phonenumbers/phonenumberutil.h>

extern "C" {
#include "callq/phone.h"
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

extern "C" enum phone_result
phone_parse(const char *raw, const char *default_region, struct phone *out)
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

extern "C" int
phone_region_known(const char *cc)
{
	return PhoneNumberUtil::GetInstance()->GetCountryCodeForRegion(cc) != 0;
}
