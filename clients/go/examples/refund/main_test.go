package main

import (
	"bytes"
	"context"
	"os"
	"strconv"
	"testing"
	"time"

	"google.golang.org/grpc/codes"

	cancelav1 "github.com/cancela/cancela/clients/go/cancelav1"
)

// TestWalkthrough runs the example against a live server: tests/clients/live_server.sh starts one
// (with its sandbox) and sets CANCELA_TARGET, CANCELA_SALE and CANCELA_SALE_AMOUNT.
func TestWalkthrough(t *testing.T) {
	target := os.Getenv("CANCELA_TARGET")
	if target == "" {
		t.Fatal("CANCELA_TARGET not set: run through tests/clients/live_server.sh (ctest -L clients)")
	}
	saleAmount, err := strconv.ParseInt(os.Getenv("CANCELA_SALE_AMOUNT"), 10, 64)
	if err != nil {
		t.Fatalf("CANCELA_SALE_AMOUNT: %v", err)
	}
	cfg := Config{
		Target:    target,
		Token:     os.Getenv("CANCELA_TOKEN"),
		Account:   os.Getenv("CANCELA_ACCOUNT"),
		PaymentID: os.Getenv("CANCELA_SALE"),
		Amount:    2500,
		LetterDir: t.TempDir(),
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var out bytes.Buffer
	result, err := Run(ctx, cfg, &out)
	t.Log("\n" + out.String())
	if err != nil {
		t.Fatal(err)
	}

	if result.Operation.GetOperationId() == "" || result.Operation.GetAmount().GetAmountMinorUnits() != 2500 {
		t.Errorf("refund answered %v", result.Operation)
	}
	if !result.Replayed {
		t.Error("the retry with the same idempotency key was not a replay")
	}
	if len(result.Watched) == 0 {
		t.Fatal("WatchStatus streamed nothing")
	}
	final := result.Watched[len(result.Watched)-1]
	if final.GetStatus() != cancelav1.OperationStatus_OPERATION_STATUS_SUCCEEDED {
		t.Errorf("watch ended at %v, want SUCCEEDED", final.GetStatus())
	}
	for _, op := range result.Watched[:len(result.Watched)-1] {
		if op.GetStatus() != cancelav1.OperationStatus_OPERATION_STATUS_PENDING {
			t.Errorf("watch streamed %v before the final state", op.GetStatus())
		}
	}
	if want := strconv.FormatInt(saleAmount-2500, 10); result.Refused.Code != codes.FailedPrecondition ||
		result.Refused.Reason != cancelav1.ErrorReason_REFUND_EXCEEDS_BALANCE.String() ||
		result.Refused.Metadata["remainingMinorUnits"] != want {
		t.Errorf("over-balance refund refused with %+v, want FAILED_PRECONDITION REFUND_EXCEEDS_BALANCE remaining %s",
			result.Refused, want)
	}
	checkLetter(t, result)
}

func checkLetter(t *testing.T, result *Result) {
	t.Helper()
	if os.Getenv("CANCELA_EXPECT_LETTERS") == "1" {
		if result.LetterPath == "" {
			t.Fatalf("no letter saved: %+v", result.NoLetter)
		}
		pdf, err := os.ReadFile(result.LetterPath)
		if err != nil || !bytes.HasPrefix(pdf, []byte("%PDF-")) {
			t.Errorf("the saved letter is not a PDF (err %v, %d bytes)", err, len(pdf))
		}
		return
	}
	// Until letters exist the server says so, machine-readably.
	if result.NoLetter == nil || result.NoLetter.Code != codes.Unimplemented ||
		result.NoLetter.Reason != cancelav1.ErrorReason_RPC_NOT_IMPLEMENTED.String() {
		t.Errorf("GetLetter: got %+v (letter %q), want UNIMPLEMENTED RPC_NOT_IMPLEMENTED", result.NoLetter, result.LetterPath)
	}
}
