#pragma once

#include <map>
#include <string>
#include <string_view>

namespace lintas::portal {

using TemplateValues = std::map<std::string, std::string, std::less<>>;

// "{{name}}" becomes the value HTML-escaped, "{{{name}}}" the value as it is (markup the caller
// built and escaped itself); an unknown name becomes nothing. No logic in templates: the pages
// decide, the templates only lay out.
std::string RenderTemplate(std::string_view text, const TemplateValues& values);

// &, <, >, " and ' as entities.
std::string EscapeHtml(std::string_view text);

// The templates under services/portal/templates, compiled in (portal_templates.cc, generated);
// empty for an unknown name.
std::string_view PortalTemplate(std::string_view name);

}  // namespace lintas::portal
