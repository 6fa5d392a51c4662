#pragma once
/// The defects the reference server can switch on (`--defect NAME`), each breaking exactly
/// one requirement, so that every check can be shown to fail against a faulty server.
#include <string>
#include <vector>

namespace scimcheck::server {

struct DefectInfo {
  std::string name;         ///< e.g. "create-returns-200"
  std::string requirement;  ///< e.g. "RFC 7644 3.3" or "Entra contract 1.2"
  std::string behaviour;    ///< what the server does wrong, one sentence
};

const std::vector<DefectInfo>& defects();
const DefectInfo* find_defect(const std::string& name);

}  // namespace scimcheck::server
