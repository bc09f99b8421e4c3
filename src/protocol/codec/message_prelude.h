// What every message definition in protocol/messages/ includes: the field table vocabulary and
// the wire types its members may use.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "base/shared_bytes.h"
#include "base/uuid.h"
#include "protocol/codec/field.h"
#include "protocol/codec/records.h"
#include "protocol/codec/versions.h"
