#pragma once

#include "core/result.h"

#include <QObject>

#include <memory>

class QSocketNotifier;

namespace vdc::ops {

// Turns SIGTERM and SIGINT into a Qt signal (self-pipe: the handler only
// writes the signal number to a socket; the event loop reads it), so a daemon
// shuts down through its normal destructors.
class TerminationSignals : public QObject
{
    Q_OBJECT
public:
    // One per process.
    static Result<std::unique_ptr<TerminationSignals>> install(QObject *parent = nullptr);
    ~TerminationSignals() override;

signals:
    void received(int signalNumber);

private:
    explicit TerminationSignals(QObject *parent);
    void onReadable();

    std::unique_ptr<QSocketNotifier> m_notifier;
};

} // namespace vdc::ops
