// vdcctl: the command-line client of the operations API.
#include "ctlapplication.h"

#include <QCoreApplication>
#include <QTextStream>

#include <cstdio>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QTextStream out(stdout);
    QTextStream err(stderr);
    QStringList arguments = QCoreApplication::arguments();
    arguments.removeFirst();
    return vdc::ctl::CtlApplication::run(arguments, qEnvironmentVariable("VDC_OPS"), qEnvironmentVariable("USER"), out, err);
}
