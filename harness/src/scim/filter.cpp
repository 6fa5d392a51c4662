#include "scim/filter.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace scimcheck::scim {
namespace {

constexpr std::array<std::string_view, 9> kCompareOps = {"eq", "ne", "co", "sw", "ew",
                                                         "gt", "ge", "lt", "le"};

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
bool is_word_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_';
}
bool is_ordering(std::string_view op) {
  return op == "gt" || op == "ge" || op == "lt" || op == "le";
}

/// Recursive descent over the RFC 7644 §3.4.2.2 grammar:
///   or  := and *("or" and)      and := not *("and" not)
///   not := "not" "(" or ")" | primary
///   primary := "(" or ")" | attrPath "pr" | attrPath compareOp compValue | valuePath
/// Attribute paths (with their [valFilter]) are parsed by detail::parse_path_at.
class Parser {
 public:
  Parser(std::string_view text, std::size_t pos, bool in_value_filter, std::size_t nesting = 0)
      : text_(text), pos_(pos), in_value_filter_(in_value_filter), nesting_(nesting) {}

  Parsed<Filter> parse_to_end() {
    skip_spaces();
    if (pos_ >= text_.size()) return failure("empty filter", pos_);
    auto filter = parse_or();
    if (!filter) return failure();
    skip_spaces();
    if (pos_ < text_.size()) {
      return failure("unexpected '" + std::string(1, text_[pos_]) + "'", pos_);
    }
    return success(filter);
  }

  /// A value filter: stops before the closing ']' (left for the path parser).
  Parsed<Filter> parse_value_filter() {
    auto filter = parse_or();
    if (!filter) return failure();
    skip_spaces();
    return success(filter);
  }

  std::size_t pos() const { return pos_; }

 private:
  using Node = std::shared_ptr<Filter>;

  Node parse_or() {
    Node left = parse_and();
    while (left) {
      const std::size_t save = pos_;
      skip_spaces();
      if (!keyword("or")) {
        pos_ = save;
        break;
      }
      if (!count_operator(pos_ - 2)) return nullptr;
      Node right = parse_and();
      if (!right) return nullptr;
      left = combine(Filter::Kind::logical_or, std::move(left), std::move(right));
    }
    return left;
  }

  Node parse_and() {
    Node left = parse_not();
    while (left) {
      const std::size_t save = pos_;
      skip_spaces();
      if (!keyword("and")) {
        pos_ = save;
        break;
      }
      if (!count_operator(pos_ - 3)) return nullptr;
      Node right = parse_not();
      if (!right) return nullptr;
      left = combine(Filter::Kind::logical_and, std::move(left), std::move(right));
    }
    return left;
  }

  Node parse_not() {
    skip_spaces();
    const std::size_t save = pos_;
    if (!keyword("not")) return parse_primary();
    skip_spaces();
    if (pos_ >= text_.size() || text_[pos_] != '(') {
      // An attribute that happens to be called "not" ("not pr").
      if (is_operator_at(save + 3)) {
        pos_ = save;
        return parse_primary();
      }
      return fail_node("expected '(' after 'not'", pos_);
    }
    if (!count_operator(save)) return nullptr;
    Node inner = parse_group();
    if (!inner) return nullptr;
    auto node = std::make_shared<Filter>();
    node->kind = Filter::Kind::logical_not;
    node->children.push_back(std::move(inner));
    return node;
  }

  /// "(" or ")" at pos_.
  Node parse_group() {
    if (nesting_ >= kMaxFilterNesting)
      return fail_node("the filter nests deeper than " + std::to_string(kMaxFilterNesting) +
                           " levels",
                       pos_);
    ++pos_;
    ++nesting_;
    Node inner = parse_or();
    --nesting_;
    if (!inner) return nullptr;
    skip_spaces();
    if (pos_ >= text_.size() || text_[pos_] != ')') return fail_node("expected ')'", pos_);
    ++pos_;
    return inner;
  }

  Node parse_primary() {
    skip_spaces();
    if (pos_ >= text_.size()) return fail_node("expected an expression", pos_);
    if (text_[pos_] == '(') return parse_group();

    std::size_t pos = pos_;
    auto path = detail::parse_path_at(text_, pos, !in_value_filter_, nesting_);
    if (!path) return fail_node(path.error, path.offset);
    pos_ = pos;
    auto node = std::make_shared<Filter>();
    node->path = std::move(*path.value);

    if (node->path.filter && node->path.sub.empty() && !is_operator_at(pos_)) {
      node->kind = Filter::Kind::value_path;
      node->children.push_back(node->path.filter);
      return node;
    }
    if (pos_ >= text_.size() || !is_space(text_[pos_])) {
      return fail_node("expected an operator after the attribute path", pos_);
    }
    skip_spaces();
    const std::size_t op_at = pos_;
    const std::string op = fold_case(read_word());
    if (op.empty()) return fail_node("expected an operator after the attribute path", op_at);
    if (op == "pr") {
      node->kind = Filter::Kind::present;
      return node;
    }
    if (std::find(kCompareOps.begin(), kCompareOps.end(), op) == kCompareOps.end()) {
      return fail_node("unknown operator '" + std::string(text_.substr(op_at, pos_ - op_at)) + "'",
                       op_at);
    }
    node->kind = Filter::Kind::compare;
    node->op = op;
    if (pos_ >= text_.size() || !is_space(text_[pos_])) {
      return fail_node("expected a space and a value after '" + op + "'", pos_);
    }
    skip_spaces();
    if (!parse_value(node->value)) return nullptr;
    return node;
  }

  /// compValue: false / null / true / number / string (JSON syntax).
  bool parse_value(nlohmann::json& out) {
    const std::size_t start = pos_;
    if (pos_ >= text_.size()) {
      fail_node("expected a comparison value", pos_);
      return false;
    }
    const char c = text_[pos_];
    if (c == '"') {
      ++pos_;
      while (pos_ < text_.size() && text_[pos_] != '"') pos_ += text_[pos_] == '\\' ? 2 : 1;
      if (pos_ >= text_.size()) {
        fail_node("unterminated string", start);
        return false;
      }
      ++pos_;
      return parse_json(start, "invalid string", out);
    }
    if (c == '-' || std::isdigit(static_cast<unsigned char>(c)) != 0) {
      while (pos_ < text_.size() &&
             (std::isdigit(static_cast<unsigned char>(text_[pos_])) != 0 ||
              std::string_view("+-.eE").find(text_[pos_]) != std::string_view::npos)) {
        ++pos_;
      }
      return parse_json(start, "invalid number", out);
    }
    const std::string word = fold_case(read_word());
    if (word == "true" || word == "false" || word == "null") {
      out = nlohmann::json::parse(word);
      return true;
    }
    fail_node("expected a comparison value (a quoted string, a number, true, false or null)",
              start);
    return false;
  }

  bool parse_json(std::size_t start, const char* message, nlohmann::json& out) {
    out = nlohmann::json::parse(text_.substr(start, pos_ - start), nullptr, false);
    if (out.is_discarded()) {
      fail_node(message, start);
      return false;
    }
    return true;
  }

  /// Whether an operator word (pr or a comparison) follows pos after spaces.
  bool is_operator_at(std::size_t pos) const {
    if (pos >= text_.size() || !is_space(text_[pos])) return false;
    while (pos < text_.size() && is_space(text_[pos])) ++pos;
    std::size_t end = pos;
    while (end < text_.size() && is_word_char(text_[end])) ++end;
    const std::string word = fold_case(text_.substr(pos, end - pos));
    return word == "pr" ||
           std::find(kCompareOps.begin(), kCompareOps.end(), word) != kCompareOps.end();
  }

  /// Consumes a keyword (case-insensitive) when it stands as a whole word.
  bool keyword(std::string_view word) {
    if (text_.size() - pos_ < word.size()) return false;
    if (!iequals(text_.substr(pos_, word.size()), word)) return false;
    const std::size_t end = pos_ + word.size();
    if (end < text_.size() && is_word_char(text_[end])) return false;
    pos_ = end;
    return true;
  }

  std::string read_word() {
    const std::size_t start = pos_;
    while (pos_ < text_.size() && is_word_char(text_[pos_])) ++pos_;
    return std::string(text_.substr(start, pos_ - start));
  }

  void skip_spaces() {
    while (pos_ < text_.size() && is_space(text_[pos_])) ++pos_;
  }

  /// Counts one and/or/not (written at `at`) against kMaxFilterOperators.
  bool count_operator(std::size_t at) {
    if (++operators_ <= kMaxFilterOperators) return true;
    fail_node("the filter has more than " + std::to_string(kMaxFilterOperators) +
                  " and/or/not operators",
              at);
    return false;
  }

  static Node combine(Filter::Kind kind, Node left, Node right) {
    auto node = std::make_shared<Filter>();
    node->kind = kind;
    node->children = {std::move(left), std::move(right)};
    return node;
  }

  Node fail_node(std::string message, std::size_t offset) {
    if (error_.empty()) {
      error_ = std::move(message);
      offset_ = offset;
    }
    return nullptr;
  }

  Parsed<Filter> failure(std::string message, std::size_t offset) {
    fail_node(std::move(message), offset);
    return failure();
  }

  Parsed<Filter> failure() const {
    Parsed<Filter> result;
    result.error = error_.empty() ? "invalid filter" : error_;
    result.offset = offset_;
    return result;
  }

  static Parsed<Filter> success(const Node& node) {
    Parsed<Filter> result;
    result.value = std::move(*node);
    return result;
  }

  std::string_view text_;
  std::size_t pos_;
  bool in_value_filter_;
  std::size_t nesting_;         // parentheses, not and value paths open at pos_
  std::size_t operators_ = 0;  // and/or/not read so far
  std::string error_;
  std::size_t offset_ = 0;
};

/// Where a filter is evaluated: a resource, or (parent set) one element of a value path.
struct Context {
  ResourceKind kind;
  const AttrPath* parent;
};

std::vector<nlohmann::json> values_at(const AttrPath& path, const nlohmann::json& node,
                                      const Context& context) {
  if (context.parent == nullptr) return select(node, path, context.kind);
  if (!node.is_object()) {
    // A simple multi-valued attribute: its elements are addressed as "value".
    if (iequals(path.attr, "value") && path.sub.empty() && !node.is_null()) return {node};
    return {};
  }
  AttrPath relative = path;
  relative.urn.clear();
  return select(node, relative, ResourceKind::other);
}

bool case_exact_at(const AttrPath& path, const Context& context) {
  if (context.parent == nullptr) {
    return is_case_exact(context.kind, path.urn, path.attr, path.sub);
  }
  return is_case_exact(context.kind, context.parent->urn, context.parent->attr, path.attr);
}

const AttributeDef* definition_at(const AttrPath& path, const Context& context) {
  if (context.parent == nullptr) return find_attribute(context.kind, path.urn, path.attr, path.sub);
  return find_attribute(context.kind, context.parent->urn, context.parent->attr, path.attr);
}

bool is_present(const nlohmann::json& value) {
  if (value.is_null()) return false;
  if (value.is_string()) return !value.get_ref<const std::string&>().empty();
  if (value.is_object() || value.is_array()) return !value.empty();
  return true;
}

bool compare_one(const nlohmann::json& stored, const std::string& op,
                 const nlohmann::json& expected, bool case_exact) {
  const nlohmann::json* actual = &stored;
  if (actual->is_object()) {
    // A complex value is compared through its "value" sub-attribute (emails co "x").
    actual = find_member(stored, "value");
    if (actual == nullptr) return false;
  }
  if (op == "eq") return values_equal(*actual, expected, case_exact, true);
  if (actual->is_string() && expected.is_string()) {
    std::string a = actual->get<std::string>();
    std::string b = expected.get<std::string>();
    if (!case_exact) {
      a = fold_case(a);
      b = fold_case(b);
    }
    if (op == "co") return a.find(b) != std::string::npos;
    if (op == "sw") return a.rfind(b, 0) == 0;
    if (op == "ew") return a.size() >= b.size() && a.compare(a.size() - b.size(), b.size(), b) == 0;
    const int order = a.compare(b);
    if (op == "gt") return order > 0;
    if (op == "ge") return order >= 0;
    if (op == "lt") return order < 0;
    if (op == "le") return order <= 0;
    return false;
  }
  if (actual->is_number() && expected.is_number() && is_ordering(op)) {
    const double a = actual->get<double>();
    const double b = expected.get<double>();
    if (op == "gt") return a > b;
    if (op == "ge") return a >= b;
    if (op == "lt") return a < b;
    return a <= b;
  }
  return false;
}

bool evaluate(const Filter& filter, const nlohmann::json& node, const Context& context) {
  switch (filter.kind) {
    case Filter::Kind::logical_and:
      return evaluate(*filter.children.at(0), node, context) &&
             evaluate(*filter.children.at(1), node, context);
    case Filter::Kind::logical_or:
      return evaluate(*filter.children.at(0), node, context) ||
             evaluate(*filter.children.at(1), node, context);
    case Filter::Kind::logical_not:
      return !evaluate(*filter.children.at(0), node, context);
    case Filter::Kind::present: {
      const auto values = values_at(filter.path, node, context);
      return std::any_of(values.begin(), values.end(), is_present);
    }
    case Filter::Kind::value_path:
      return !values_at(filter.path, node, context).empty();
    case Filter::Kind::compare:
      break;
  }
  const auto values = values_at(filter.path, node, context);
  const bool case_exact = case_exact_at(filter.path, context);
  const auto equal = [&](const nlohmann::json& value) {
    return compare_one(value, "eq", filter.value, case_exact);
  };
  if (filter.value.is_null() && (filter.op == "eq" || filter.op == "ne")) {
    // "attr eq null" asks for an unassigned attribute.
    return values.empty() == (filter.op == "eq");
  }
  if (filter.op == "ne") return std::none_of(values.begin(), values.end(), equal);
  return std::any_of(values.begin(), values.end(), [&](const nlohmann::json& value) {
    return compare_one(value, filter.op, filter.value, case_exact);
  });
}

std::optional<ScimError> validate(const Filter& filter, const Context& context) {
  for (const auto& child : filter.children) {
    if (filter.kind == Filter::Kind::value_path) break;
    if (auto error = validate(*child, context)) return error;
  }
  if (filter.path.filter) {
    if (auto error = validate(*filter.path.filter, Context{context.kind, &filter.path})) {
      return error;
    }
  }
  if (filter.kind == Filter::Kind::compare && is_ordering(filter.op)) {
    const AttributeDef* def = definition_at(filter.path, context);
    if (def != nullptr && (def->type == AttrType::boolean || def->type == AttrType::binary)) {
      return ScimError{400, "invalidFilter",
                       "'" + filter.op + "' cannot order the " +
                           (def->type == AttrType::boolean ? "boolean" : "binary") +
                           " attribute '" + filter.path.text + "'"};
    }
  }
  return std::nullopt;
}

std::string path_text(const AttrPath& path) {
  std::string text = path.urn.empty() ? path.attr : path.urn + ":" + path.attr;
  if (path.filter) {
    text += '[';
    text += to_string(*path.filter);
    text += ']';
  }
  if (!path.sub.empty()) {
    text += '.';
    text += path.sub;
  }
  return text;
}

}  // namespace

namespace detail {

Parsed<Filter> parse_value_filter_at(std::string_view text, std::size_t& pos,
                                     std::size_t nesting) {
  if (nesting >= kMaxFilterNesting) {
    Parsed<Filter> result;
    result.error = "the filter nests deeper than " + std::to_string(kMaxFilterNesting) + " levels";
    result.offset = pos;
    return result;
  }
  Parser parser(text, pos, true, nesting + 1);
  auto result = parser.parse_value_filter();
  pos = parser.pos();
  return result;
}

}  // namespace detail

Parsed<Filter> parse_filter(std::string_view text) { return Parser(text, 0, false).parse_to_end(); }

std::optional<ScimError> validate_filter(const Filter& filter, ResourceKind kind) {
  return validate(filter, Context{kind, nullptr});
}

bool matches(const Filter& filter, const nlohmann::json& resource, ResourceKind kind) {
  return evaluate(filter, resource, Context{kind, nullptr});
}

bool matches_element(const Filter& filter, const nlohmann::json& element, ResourceKind kind,
                     const AttrPath& parent) {
  return evaluate(filter, element, Context{kind, &parent});
}

std::string to_string(const Filter& filter) {
  switch (filter.kind) {
    case Filter::Kind::compare:
      return path_text(filter.path) + " " + filter.op + " " + filter.value.dump();
    case Filter::Kind::present:
      return path_text(filter.path) + " pr";
    case Filter::Kind::value_path:
      return path_text(filter.path);
    case Filter::Kind::logical_not:
      return "not (" + to_string(*filter.children.at(0)) + ")";
    case Filter::Kind::logical_and: {
      // "and" binds tighter than "or": an "or" operand needs its parentheses back.
      std::string text;
      for (std::size_t i = 0; i < 2; ++i) {
        const Filter& child = *filter.children.at(i);
        const std::string part = to_string(child);
        if (i > 0) text += " and ";
        text += child.kind == Filter::Kind::logical_or ? "(" + part + ")" : part;
      }
      return text;
    }
    case Filter::Kind::logical_or:
      return to_string(*filter.children.at(0)) + " or " + to_string(*filter.children.at(1));
  }
  return {};
}

}  // namespace scimcheck::scim
