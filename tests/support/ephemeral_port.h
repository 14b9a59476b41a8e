#pragma once
// A loopback port for a child process that cannot bind port 0 itself and report back: the kernel
// hands out an ephemeral port, we release it, the child binds it. Collisions are retried by
// callers (the window between release and bind is tiny).

namespace cancela::testing {

int EphemeralLoopbackPort();

}  // namespace cancela::testing
