#include "providers/http/curl_global.h"

#include <curl/curl.h>

namespace cancela::providers::http {

CurlGlobal::CurlGlobal() { curl_global_init(CURL_GLOBAL_DEFAULT); }
CurlGlobal::~CurlGlobal() { curl_global_cleanup(); }

}  // namespace cancela::providers::http
