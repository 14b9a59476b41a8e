package dev.cancela.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cancela.v1.ErrorReason;
import dev.cancela.v1.Operation;
import dev.cancela.v1.OperationStatus;
import io.grpc.Status;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the example against a live server: tests/clients/live_server.sh starts one (with its
 * sandbox) and sets CANCELA_TARGET, CANCELA_SALE and CANCELA_SALE_AMOUNT ({@code ctest -L clients}).
 */
@EnabledIfEnvironmentVariable(named = "CANCELA_TARGET", matches = ".+")
class RefundExampleTest {

  @Test
  void walkthrough(@TempDir Path letters) throws Exception {
    RefundExample.Config config =
        new RefundExample.Config(
            System.getenv("CANCELA_TARGET"),
            System.getenv("CANCELA_TOKEN"),
            System.getenv("CANCELA_ACCOUNT"),
            System.getenv("CANCELA_SALE"),
            2500,
            letters);
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    RefundExample.Result result =
        RefundExample.run(config, new PrintStream(printed, true, StandardCharsets.UTF_8));
    System.out.print(printed.toString(StandardCharsets.UTF_8));

    assertTrue(result.operation.getOperationId().startsWith("op_"));
    assertEquals(2500, result.operation.getAmount().getAmountMinorUnits());
    assertTrue(result.replayed, "the retry with the same idempotency key was not a replay");

    assertFalse(result.watched.isEmpty(), "WatchStatus streamed nothing");
    Operation last = result.watched.get(result.watched.size() - 1);
    assertEquals(OperationStatus.OPERATION_STATUS_SUCCEEDED, last.getStatus());
    for (Operation op : result.watched.subList(0, result.watched.size() - 1)) {
      assertEquals(OperationStatus.OPERATION_STATUS_PENDING, op.getStatus());
    }

    long remaining = Long.parseLong(System.getenv("CANCELA_SALE_AMOUNT")) - 2500;
    assertEquals(Status.Code.FAILED_PRECONDITION, result.refused.code());
    assertEquals(ErrorReason.REFUND_EXCEEDS_BALANCE.name(), result.refused.reason());
    assertEquals(Long.toString(remaining), result.refused.metadata().get("remainingMinorUnits"));

    if ("1".equals(System.getenv("CANCELA_EXPECT_LETTERS"))) {
      assertNotNull(result.letterPath, () -> "no letter saved: " + result.noLetter);
      byte[] pdf = Files.readAllBytes(result.letterPath);
      assertArrayEquals("%PDF-".getBytes(StandardCharsets.US_ASCII), Arrays.copyOf(pdf, 5));
    } else {
      // Until letters exist the server says so, machine-readably.
      assertNull(result.letterPath);
      assertNotNull(result.noLetter);
      assertEquals(Status.Code.UNIMPLEMENTED, result.noLetter.code());
      assertEquals(ErrorReason.RPC_NOT_IMPLEMENTED.name(), result.noLetter.reason());
    }
  }
}
