// Package cancelav1 is the Go client of cancela's gRPC API (package cancela.v1): the
// RefundService stub and its messages, generated from proto/cancela/v1 by `make clients`.
//
// Every call carries `authorization: Bearer <token>` metadata. A rejected call's status holds a
// *errdetails.ErrorInfo (google.golang.org/genproto/googleapis/rpc/errdetails) with domain
// "cancela" and a reason that is one of ErrorReason's names.
package cancelav1
