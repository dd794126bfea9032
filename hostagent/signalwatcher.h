#pragma once

#include "core/result.h"

#include <QObject>

#include <memory>

class QSocketNotifier;

namespace vdc::agent {

// Turns SIGTERM and SIGINT into a Qt signal on the event loop: the handler
// only writes the signal number to a socket pair (async-signal-safe), a
// QSocketNotifier reads it. One instance per process.
class SignalWatcher : public QObject
{
    Q_OBJECT
public:
    static Result<std::unique_ptr<SignalWatcher>> install(QObject *parent = nullptr);
    ~SignalWatcher() override;

signals:
    void terminationRequested(int signalNumber);

private:
    explicit SignalWatcher(QObject *parent);
    void readSignal();

    std::unique_ptr<QSocketNotifier> m_notifier;
};

} // namespace vdc::agent
