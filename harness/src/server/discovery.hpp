#pragma once
/// The reference server's discovery endpoints (RFC 7644 4): /ServiceProviderConfig,
/// /ResourceTypes and /Schemas, describing what this server (and the app it emulates) serves.
#include <string>
#include <vector>

#include "server/context.hpp"
#include "server/credentials.hpp"
#include "server/message.hpp"

namespace scimcheck::server {

HttpResponse service_provider_config(const ServiceContext& context, const Credentials& credentials,
                                     const HttpRequest& request);
/// `segments`: ["ResourceTypes"] for the list, or with the name of one.
HttpResponse resource_types(const ServiceContext& context, const HttpRequest& request,
                            const std::vector<std::string>& segments);
/// `segments`: ["Schemas"] for the list, or with the URN of one.
HttpResponse schemas(const ServiceContext& context, const HttpRequest& request,
                     const std::vector<std::string>& segments);

}  // namespace scimcheck::server
