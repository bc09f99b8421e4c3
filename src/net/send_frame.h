// send_frame: writes one encoded frame (a protocol::writer) to a socket, piece by piece in order.
//
// Bytes in memory go out with gathered writes. File regions (the record batches of Fetch
// responses, base/file_region.h) go out with sendfile(2): the kernel hands the page-cache pages
// to the socket, so the broker neither reads them into a buffer nor copies them into the socket;
// on loopback the receiver's read is the only copy left. See docs/broker.md, "Fetch".
//
// Thread-safety: runs on the socket's executor, like every other operation on the socket.
#pragma once

#include <asio.hpp>

#include "protocol/codec/writer.h"

namespace gregor::net {

// Sends every piece of `frame`; an error means the frame may be cut short (close the socket).
// A file region whose file turned out shorter than the region (truncated after the region was
// made) is an error too: the frame's size was already promised.
asio::awaitable<asio::error_code> send_frame(asio::ip::tcp::socket& socket, const protocol::writer& frame);

}  // namespace gregor::net
