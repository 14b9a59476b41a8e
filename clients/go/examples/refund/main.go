// Command refund walks through cancela's API from Go: it refunds part of a sale with an
// idempotency key, retries it (a replay, no second refund), follows the operation with
// WatchStatus until it is final, reads the machine-readable reason of a refused request, and
// saves the operation's cancellation letter.
//
//	go run ./examples/refund -target localhost:50051 -token demo-token-acme
//
// Against `make run`, the defaults refund R$ 25.00 of a seeded sandbox card sale.
package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"
	"time"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	cancelav1 "github.com/cancela/cancela/clients/go/cancelav1"
)

// Config says where and what to refund.
type Config struct {
	Target    string // host:port of cancela
	Token     string // the caller's bearer token
	Account   string // provider account, e.g. "cielo-ecommerce/loja-centro"
	PaymentID string // the Cielo E-commerce sale
	Amount    int64  // centavos to refund
	LetterDir string // where the letter PDF goes
}

// Rejection is what a refused call says, machine-readably.
type Rejection struct {
	Code     codes.Code
	Reason   string            // ErrorInfo.reason, one of cancelav1.ErrorReason's names
	Metadata map[string]string // ErrorInfo.metadata, e.g. remainingMinorUnits
}

// Result is what the walkthrough saw.
type Result struct {
	Operation  *cancelav1.Operation   // the refund as first answered
	Replayed   bool                   // the retry with the same key was a replay
	Watched    []*cancelav1.Operation // every state WatchStatus streamed, the last one final
	Refused    Rejection              // the over-balance request's rejection
	LetterPath string                 // the saved letter, when letters are available
	NoLetter   *Rejection             // why there is no letter, otherwise
}

func main() {
	cfg := Config{}
	flag.StringVar(&cfg.Target, "target", env("CANCELA_TARGET", "localhost:50051"), "cancela host:port")
	flag.StringVar(&cfg.Token, "token", env("CANCELA_TOKEN", "demo-token-acme"), "bearer token")
	flag.StringVar(&cfg.Account, "account", env("CANCELA_ACCOUNT", "cielo-ecommerce/loja-centro"), "provider account")
	flag.StringVar(&cfg.PaymentID, "payment-id", env("CANCELA_SALE", "5eed0000-0000-4000-8000-000000000002"), "Cielo E-commerce PaymentId")
	flag.Int64Var(&cfg.Amount, "amount", 2500, "centavos to refund")
	flag.StringVar(&cfg.LetterDir, "letter-dir", ".", "where to save the letter")
	flag.Parse()

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if _, err := Run(ctx, cfg, os.Stdout); err != nil {
		log.Fatal(err)
	}
}

// Run performs the walkthrough, printing each step to out.
func Run(ctx context.Context, cfg Config, out io.Writer) (*Result, error) {
	conn, err := grpc.NewClient(cfg.Target, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	client := cancelav1.NewRefundServiceClient(conn)
	// The token goes in every call's metadata; it names the tenant.
	ctx = metadata.AppendToOutgoingContext(ctx, "authorization", "Bearer "+cfg.Token)
	result := &Result{}

	// 1. Refund, with a key that is unique per intended refund.
	request := &cancelav1.RefundRequest{
		ProviderAccount: cfg.Account,
		Sale: &cancelav1.SaleReference{Sale: &cancelav1.SaleReference_CieloEcommerce{
			CieloEcommerce: &cancelav1.CieloEcommerceSale{PaymentId: cfg.PaymentID}}},
		Amount:         &cancelav1.Money{AmountMinorUnits: cfg.Amount, CurrencyCode: "BRL"},
		Reason:         "customer returned one item",
		IdempotencyKey: newKey(),
	}
	first, err := client.Refund(ctx, request)
	if err != nil {
		return nil, fmt.Errorf("refund: %w", err)
	}
	result.Operation = first.GetOperation()
	fmt.Fprintf(out, "refund %s: %s\n", result.Operation.GetOperationId(), describe(result.Operation))

	// 2. The same request again, as after a lost response: the same operation, no new refund.
	again, err := client.Refund(ctx, request)
	if err != nil {
		return nil, fmt.Errorf("retried refund: %w", err)
	}
	result.Replayed = again.GetIdempotentReplay()
	fmt.Fprintf(out, "retry: same operation %t, replay %t\n",
		again.GetOperation().GetOperationId() == result.Operation.GetOperationId(), result.Replayed)

	// 3. Follow it until it is final.
	stream, err := client.WatchStatus(ctx, &cancelav1.WatchStatusRequest{OperationId: result.Operation.GetOperationId()})
	if err != nil {
		return nil, fmt.Errorf("watch: %w", err)
	}
	for {
		change, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("watch: %w", err)
		}
		result.Watched = append(result.Watched, change.GetOperation())
		fmt.Fprintf(out, "watch: %s\n", describe(change.GetOperation()))
	}

	// 4. A request cancela refuses: far more than what remains of the sale.
	overdrawn := &cancelav1.RefundRequest{
		ProviderAccount: cfg.Account,
		Sale:            request.GetSale(),
		Amount:          &cancelav1.Money{AmountMinorUnits: 90_000_000, CurrencyCode: "BRL"},
		IdempotencyKey:  newKey(),
	}
	_, err = client.Refund(ctx, overdrawn)
	if err == nil {
		return nil, errors.New("an over-balance refund was accepted")
	}
	refused, ok := RejectionOf(err)
	if !ok {
		return nil, fmt.Errorf("over-balance refund: no ErrorInfo in %w", err)
	}
	result.Refused = refused
	fmt.Fprintf(out, "refused: %s %s %v\n", refused.Code, refused.Reason, refused.Metadata)

	// 5. The cancellation letter, as a PDF file.
	letter, err := client.GetLetter(ctx, &cancelav1.GetLetterRequest{OperationId: result.Operation.GetOperationId()})
	if err != nil {
		noLetter, ok := RejectionOf(err)
		if !ok {
			return nil, fmt.Errorf("letter: %w", err)
		}
		result.NoLetter = &noLetter
		fmt.Fprintf(out, "no letter: %s %s\n", noLetter.Code, noLetter.Reason)
		return result, nil
	}
	name := letter.GetLetter().GetFileName()
	if name == "" {
		name = result.Operation.GetOperationId() + ".pdf"
	}
	result.LetterPath = filepath.Join(cfg.LetterDir, filepath.Base(name))
	if err := os.WriteFile(result.LetterPath, letter.GetLetter().GetContent(), 0o644); err != nil {
		return nil, err
	}
	fmt.Fprintf(out, "letter saved: %s\n", result.LetterPath)
	return result, nil
}

// RejectionOf reads the gRPC code and the ErrorInfo that cancela attaches to every rejection.
func RejectionOf(err error) (Rejection, bool) {
	st, ok := status.FromError(err)
	if !ok {
		return Rejection{}, false
	}
	for _, detail := range st.Details() {
		if info, ok := detail.(*errdetails.ErrorInfo); ok && info.GetDomain() == "cancela" {
			return Rejection{Code: st.Code(), Reason: info.GetReason(), Metadata: info.GetMetadata()}, true
		}
	}
	return Rejection{}, false
}

func describe(op *cancelav1.Operation) string {
	text := op.GetStatus().String()
	if op.GetStatus() == cancelav1.OperationStatus_OPERATION_STATUS_PENDING {
		text += " (" + op.GetPendingDetail().String() + ")"
	}
	return text
}

// newKey returns a random idempotency key (32 hex characters).
func newKey() string {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return hex.EncodeToString(b)
}

func env(name, fallback string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return fallback
}
