// Keeps gRPC's shared callback completion queue alive for the whole process.
//
// With the epoll1 poller (Linux), gRPC 1.51 runs every callback-API call and callback service on
// one process-wide completion queue with its own "nexting" threads, created when the first user
// appears and shut down when the last one goes. Shutting it down within about a second of its
// creation races inside gRPC (a double free in grpc_cq_internal_unref on a nexting thread): a
// process whose only channel makes one quick call and is destroyed crashes on the way out.
// Holding one reference for the life of the process means the queue is created once and never
// torn down while the process runs.
#pragma once

namespace mxedge::rpc {

// Idempotent and thread-safe; cheap after the first call. Call before the first callback-API
// channel or server is created (RpcServer::Start and the suite's callback clients do). The
// reference is taken by a channel to a Unix socket path that does not exist, whose single call
// has an expired deadline: it sends nothing anywhere.
void PinCallbackCompletionQueue();

}  // namespace mxedge::rpc
