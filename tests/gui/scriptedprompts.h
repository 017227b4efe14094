#pragma once

// Answers for the window's questions in GUI tests (UserPrompts), recording what was asked.
#include <gui/userprompts.h>

#include <QStringList>

namespace Slipway::Test {

class ScriptedPrompts : public Gui::UserPrompts
{
public:
    bool confirm(QWidget*, const QString&, const QString& text, const QString&) override
    {
        asked.append(text);
        return answer;
    }
    QStringList openPackageFiles(QWidget*) override { return files; }

    bool answer = true;
    QStringList asked;
    QStringList files;
};

} // namespace Slipway::Test
