// The words of the consent use cases, parsed once for all of them.
#pragma once

#include <string>

#include "coffre/consent.h"
#include "coffre/status.h"

namespace coffre::app {

// InvalidInput naming --channel and the four channels for an unknown word.
Result<Channel> channel_arg(const std::string& text);

}  // namespace coffre::app
