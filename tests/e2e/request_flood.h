#pragma once
// Floods request messages through protobuf reflection, so a string field added to the API later is
// flooded without anyone listing it: the paths to every string field of a message type (through
// sub-messages, repeated ones, oneof members and map keys and values), and setting one of them.
// And the other way: every string and bytes value a reply holds, by field.

#include <functional>
#include <set>
#include <string>
#include <vector>

#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"

namespace cancela::testing {

// The fields from a message down to one of its string fields.
using FieldPath = std::vector<const google::protobuf::FieldDescriptor*>;

// Every string field reachable from `type`.
std::vector<FieldPath> StringFieldPaths(const google::protobuf::Descriptor* type);

// The full names of every string field reachable from the requests of `service`'s methods.
std::set<std::string> RequestStringFields(const google::protobuf::ServiceDescriptor* service);

// "sale.cielo_unica.merchant_id".
std::string PathName(const FieldPath& path);

// Whether setting `path` in `message` would switch one of its oneofs to another member.
bool SwitchesOneof(const google::protobuf::Message& message, const FieldPath& path);

// Puts `text` in the field `path` names: sets a singular string, adds to a repeated one. Creates
// the sub-messages on the way; a repeated message or map gets a new element whose other string
// fields hold `filler` (a map value for a flooded key, say).
void SetAtPath(google::protobuf::Message& message, const FieldPath& path, const std::string& text,
               const std::string& filler);

// Sets every string field of `message`, at any depth, to `text`; of each oneof only member
// `choice % size` (members cannot coexist). Adds what it set to `covered` (full names).
void FloodEveryField(google::protobuf::Message& message, int choice, const std::string& text,
                     std::set<std::string>* covered);

// Calls `visit(path, value)` for every string and bytes value set in `message`, at any depth
// ("operation.history.note", "operation.metadata.value").
void VisitTextFields(const google::protobuf::Message& message,
                     const std::function<void(const std::string&, const std::string&)>& visit);

}  // namespace cancela::testing
