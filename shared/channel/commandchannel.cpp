// Placeholder until the ring implementation lands (being written now).
#include "commandchannel.h"
