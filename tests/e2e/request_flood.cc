#include "tests/e2e/request_flood.h"

#include "absl/strings/str_join.h"

namespace cancela::testing {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

// Deeper than any request of the API; only a recursive type would get here.
constexpr size_t kMaxDepth = 8;

void CollectPaths(const Descriptor* type, FieldPath& prefix, std::vector<FieldPath>& out) {
  if (prefix.size() >= kMaxDepth) return;
  for (int i = 0; i < type->field_count(); ++i) {
    const FieldDescriptor* field = type->field(i);
    prefix.push_back(field);
    if (field->type() == FieldDescriptor::TYPE_STRING) {
      out.push_back(prefix);
    } else if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
      CollectPaths(field->message_type(), prefix, out);
    }
    prefix.pop_back();
  }
}

}  // namespace

std::vector<FieldPath> StringFieldPaths(const Descriptor* type) {
  std::vector<FieldPath> out;
  FieldPath prefix;
  CollectPaths(type, prefix, out);
  return out;
}

std::set<std::string> RequestStringFields(const google::protobuf::ServiceDescriptor* service) {
  std::set<std::string> out;
  for (int i = 0; i < service->method_count(); ++i) {
    for (const FieldPath& path : StringFieldPaths(service->method(i)->input_type())) {
      out.insert(path.back()->full_name());
    }
  }
  return out;
}

std::string PathName(const FieldPath& path) {
  return absl::StrJoin(path, ".", [](std::string* out, const FieldDescriptor* field) {
    out->append(field->name());
  });
}

bool SwitchesOneof(const Message& message, const FieldPath& path) {
  const Message* at = &message;
  for (const FieldDescriptor* field : path) {
    const Reflection* reflection = at->GetReflection();
    if (const auto* oneof = field->real_containing_oneof(); oneof != nullptr) {
      const FieldDescriptor* set = reflection->GetOneofFieldDescriptor(*at, oneof);
      if (set != nullptr && set != field) return true;
    }
    // New elements of repeated fields, and unset sub-messages, hold no oneof yet.
    if (field->is_repeated() || field->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE ||
        !reflection->HasField(*at, field)) {
      return false;
    }
    at = &reflection->GetMessage(*at, field);
  }
  return false;
}

void SetAtPath(Message& message, const FieldPath& path, const std::string& text,
               const std::string& filler) {
  Message* at = &message;
  for (size_t i = 0; i + 1 < path.size(); ++i) {
    const Reflection* reflection = at->GetReflection();
    if (!path[i]->is_repeated()) {
      at = reflection->MutableMessage(at, path[i]);
      continue;
    }
    at = reflection->AddMessage(at, path[i]);
    const Descriptor* element = at->GetDescriptor();
    for (int f = 0; f < element->field_count(); ++f) {
      const FieldDescriptor* other = element->field(f);
      if (other->type() == FieldDescriptor::TYPE_STRING && !other->is_repeated()) {
        at->GetReflection()->SetString(at, other, filler);
      }
    }
  }
  const FieldDescriptor* leaf = path.back();
  if (leaf->is_repeated()) {
    at->GetReflection()->AddString(at, leaf, text);
  } else {
    at->GetReflection()->SetString(at, leaf, text);
  }
}

namespace {

void FloodAt(Message& message, int choice, const std::string& text, std::set<std::string>* covered,
             size_t depth) {
  if (depth >= kMaxDepth) return;
  const Descriptor* type = message.GetDescriptor();
  const Reflection* reflection = message.GetReflection();
  for (int i = 0; i < type->field_count(); ++i) {
    const FieldDescriptor* field = type->field(i);
    if (const auto* oneof = field->real_containing_oneof();
        oneof != nullptr && oneof->field(choice % oneof->field_count()) != field) {
      continue;
    }
    if (field->type() == FieldDescriptor::TYPE_STRING) {
      if (field->is_repeated()) {
        reflection->AddString(&message, field, text);
      } else {
        reflection->SetString(&message, field, text);
      }
      covered->insert(field->full_name());
    } else if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
      Message* sub = field->is_repeated() ? reflection->AddMessage(&message, field)
                                          : reflection->MutableMessage(&message, field);
      FloodAt(*sub, choice, text, covered, depth + 1);
    }
  }
}

}  // namespace

void FloodEveryField(Message& message, int choice, const std::string& text,
                     std::set<std::string>* covered) {
  FloodAt(message, choice, text, covered, 0);
}

namespace {

void VisitAt(const Message& message, const std::string& prefix,
             const std::function<void(const std::string&, const std::string&)>& visit) {
  const Reflection* reflection = message.GetReflection();
  std::vector<const FieldDescriptor*> fields;
  reflection->ListFields(message, &fields);
  for (const FieldDescriptor* field : fields) {
    const std::string path = prefix.empty() ? field->name() : prefix + "." + field->name();
    const int count = field->is_repeated() ? reflection->FieldSize(message, field) : 1;
    for (int i = 0; i < count; ++i) {
      if (field->cpp_type() == FieldDescriptor::CPPTYPE_STRING) {
        visit(path, field->is_repeated() ? reflection->GetRepeatedString(message, field, i)
                                         : reflection->GetString(message, field));
      } else if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
        VisitAt(field->is_repeated() ? reflection->GetRepeatedMessage(message, field, i)
                                     : reflection->GetMessage(message, field),
                path, visit);
      }
    }
  }
}

}  // namespace

void VisitTextFields(const Message& message,
                     const std::function<void(const std::string&, const std::string&)>& visit) {
  VisitAt(message, "", visit);
}

}  // namespace cancela::testing
