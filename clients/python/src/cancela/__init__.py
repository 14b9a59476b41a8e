"""cancela: refunds and cancellations of card and Pix sales through one gRPC API."""
