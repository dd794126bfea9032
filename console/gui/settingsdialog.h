#pragma once

#include <QDialog>

class QComboBox;

namespace vdc::gui {

// The console's settings: its language (the system's, English or German).
// A new language takes effect when the console starts the next time.
class SettingsDialog : public QDialog
{
    Q_OBJECT
public:
    explicit SettingsDialog(QWidget *parent = nullptr);

    // The language asked for in the settings: "" follows the system, else "en" or "de".
    static QString language();
    static void setLanguage(const QString &language);
    // Installs the translator for the chosen language on the application.
    static void installTranslations();

private:
    void save();

    QComboBox *m_language;
};

} // namespace vdc::gui
