package dev.cancela.examples;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.ErrorInfo;
import dev.cancela.v1.CieloEcommerceSale;
import dev.cancela.v1.GetLetterRequest;
import dev.cancela.v1.Letter;
import dev.cancela.v1.Money;
import dev.cancela.v1.Operation;
import dev.cancela.v1.OperationStatus;
import dev.cancela.v1.RefundRequest;
import dev.cancela.v1.RefundResponse;
import dev.cancela.v1.RefundServiceGrpc;
import dev.cancela.v1.SaleReference;
import dev.cancela.v1.WatchStatusRequest;
import dev.cancela.v1.WatchStatusResponse;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.MetadataUtils;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Walks through cancela's API from Java: refunds part of a sale with an idempotency key, retries
 * it (a replay, no second refund), follows the operation with WatchStatus until it is final, reads
 * the machine-readable reason of a refused request, and saves the operation's cancellation letter.
 *
 * <pre>mvn -q exec:java -Dexec.args="--target localhost:50051 --token demo-token-acme"</pre>
 *
 * <p>Against {@code make run}, the defaults refund R$ 25.00 of a seeded sandbox card sale.
 */
public final class RefundExample {

  /** Where and what to refund. */
  public record Config(
      String target, String token, String account, String paymentId, long amount, Path letterDir) {
    static Config fromEnvironment() {
      return new Config(
          env("CANCELA_TARGET", "localhost:50051"),
          env("CANCELA_TOKEN", "demo-token-acme"),
          env("CANCELA_ACCOUNT", "cielo-ecommerce/loja-centro"),
          env("CANCELA_SALE", "5eed0000-0000-4000-8000-000000000002"),
          2500,
          Path.of(env("CANCELA_LETTER_DIR", ".")));
    }
  }

  /** What a refused call says, machine-readably. */
  public record Rejection(Status.Code code, String reason, Map<String, String> metadata) {}

  /** What the walkthrough saw. */
  public static final class Result {
    public Operation operation; // the refund as first answered
    public boolean replayed; // the retry with the same key was a replay
    public final List<Operation> watched = new ArrayList<>(); // the last one is final
    public Rejection refused; // the over-balance request's rejection
    public Path letterPath; // the saved letter, when letters are available
    public Rejection noLetter; // why there is no letter, otherwise
  }

  private RefundExample() {}

  public static void main(String[] args) throws Exception {
    Config config = Config.fromEnvironment();
    for (int i = 0; i + 1 < args.length; i += 2) {
      String value = args[i + 1];
      config =
          switch (args[i]) {
            case "--target" -> new Config(value, config.token(), config.account(), config.paymentId(), config.amount(), config.letterDir());
            case "--token" -> new Config(config.target(), value, config.account(), config.paymentId(), config.amount(), config.letterDir());
            case "--account" -> new Config(config.target(), config.token(), value, config.paymentId(), config.amount(), config.letterDir());
            case "--payment-id" -> new Config(config.target(), config.token(), config.account(), value, config.amount(), config.letterDir());
            case "--amount" -> new Config(config.target(), config.token(), config.account(), config.paymentId(), Long.parseLong(value), config.letterDir());
            case "--letter-dir" -> new Config(config.target(), config.token(), config.account(), config.paymentId(), config.amount(), Path.of(value));
            default -> throw new IllegalArgumentException("unknown option " + args[i]);
          };
    }
    run(config, System.out);
  }

  /** Performs the walkthrough, printing each step to {@code out}. */
  public static Result run(Config config, PrintStream out) throws IOException, InterruptedException {
    ManagedChannel channel = ManagedChannelBuilder.forTarget(config.target()).usePlaintext().build();
    try {
      // The token goes in every call's metadata; it names the tenant.
      Metadata auth = new Metadata();
      auth.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + config.token());
      RefundServiceGrpc.RefundServiceBlockingStub client =
          RefundServiceGrpc.newBlockingStub(channel)
              .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(auth))
              .withDeadlineAfter(2, TimeUnit.MINUTES);
      Result result = new Result();

      // 1. Refund, with a key that is unique per intended refund.
      SaleReference sale =
          SaleReference.newBuilder()
              .setCieloEcommerce(CieloEcommerceSale.newBuilder().setPaymentId(config.paymentId()))
              .build();
      RefundRequest request =
          RefundRequest.newBuilder()
              .setProviderAccount(config.account())
              .setSale(sale)
              .setAmount(Money.newBuilder().setAmountMinorUnits(config.amount()).setCurrencyCode("BRL"))
              .setReason("customer returned one item")
              .setIdempotencyKey(UUID.randomUUID().toString())
              .build();
      RefundResponse first = client.refund(request);
      result.operation = first.getOperation();
      out.printf("refund %s: %s%n", result.operation.getOperationId(), describe(result.operation));

      // 2. The same request again, as after a lost response: the same operation, no new refund.
      RefundResponse again = client.refund(request);
      result.replayed = again.getIdempotentReplay();
      out.printf("retry: same operation %b, replay %b%n",
          again.getOperation().getOperationId().equals(result.operation.getOperationId()), result.replayed);

      // 3. Follow it until it is final.
      Iterator<WatchStatusResponse> changes =
          client.watchStatus(WatchStatusRequest.newBuilder().setOperationId(result.operation.getOperationId()).build());
      while (changes.hasNext()) {
        Operation change = changes.next().getOperation();
        result.watched.add(change);
        out.printf("watch: %s%n", describe(change));
      }

      // 4. A request cancela refuses: far more than what remains of the sale.
      RefundRequest overdrawn =
          RefundRequest.newBuilder()
              .setProviderAccount(config.account())
              .setSale(sale)
              .setAmount(Money.newBuilder().setAmountMinorUnits(90_000_000).setCurrencyCode("BRL"))
              .setIdempotencyKey(UUID.randomUUID().toString())
              .build();
      try {
        client.refund(overdrawn);
        throw new IllegalStateException("an over-balance refund was accepted");
      } catch (StatusRuntimeException e) {
        result.refused = rejectionOf(e).orElseThrow(() -> e);
      }
      out.printf("refused: %s %s %s%n", result.refused.code(), result.refused.reason(), result.refused.metadata());

      // 5. The cancellation letter, as a PDF file.
      Letter letter;
      try {
        letter =
            client.getLetter(GetLetterRequest.newBuilder().setOperationId(result.operation.getOperationId()).build())
                .getLetter();
      } catch (StatusRuntimeException e) {
        result.noLetter = rejectionOf(e).orElseThrow(() -> e);
        out.printf("no letter: %s %s%n", result.noLetter.code(), result.noLetter.reason());
        return result;
      }
      String name = letter.getFileName().isEmpty() ? result.operation.getOperationId() + ".pdf" : letter.getFileName();
      Files.createDirectories(config.letterDir());
      result.letterPath = config.letterDir().resolve(Path.of(name).getFileName());
      Files.write(result.letterPath, letter.getContent().toByteArray());
      out.printf("letter saved: %s%n", result.letterPath);
      return result;
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  /** The gRPC code and the ErrorInfo that cancela attaches to every rejection. */
  public static Optional<Rejection> rejectionOf(StatusRuntimeException e) {
    com.google.rpc.Status status = StatusProto.fromThrowable(e);
    if (status == null) {
      return Optional.empty();
    }
    for (com.google.protobuf.Any detail : status.getDetailsList()) {
      if (!detail.is(ErrorInfo.class)) {
        continue;
      }
      try {
        ErrorInfo info = detail.unpack(ErrorInfo.class);
        if (info.getDomain().equals("cancela")) {
          return Optional.of(new Rejection(e.getStatus().getCode(), info.getReason(), info.getMetadataMap()));
        }
      } catch (InvalidProtocolBufferException malformed) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  private static String describe(Operation op) {
    String text = op.getStatus().name();
    if (op.getStatus() == OperationStatus.OPERATION_STATUS_PENDING) {
      text += " (" + op.getPendingDetail().name() + ")";
    }
    return text;
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isEmpty() ? fallback : value;
  }
}
