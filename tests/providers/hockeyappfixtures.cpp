#include "hockeyappfixtures.h"

namespace HockeyAppFixtures {

QByteArray versionsList()
{
    return QByteArray(R"({"app_versions":[{"version":"208","mandatory":false,
            "config_url":"https://rink.hockeyapp.net/manage/apps/1234/app_versions/208",
            "download_url":"https://rink.hockeyapp.net/apps/0873e2b98ad046a92c170a243a8515f6/app_versions/208",
            "timestamp":1326195742,"appsize":157547,"device_family":null,"notes":"<p>Fixed bug when &amp; was <b>typed</b>.</p><p>Second</p>",
            "status":2,"shortversion":"1.1","minimum_os_version":null,"title":"HockeyApp"},
            {"id":77,"version":"207","shortversion":"1.0","status":1,"timestamp":1326000000,"appsize":1000,
             "restricted_to_tags":["qa","beta"]}],"status":"success"})");
}

QByteArray uploadAnswer()
{
    return QByteArray(R"({"title":"Android Demo","appsize":2000,"timestamp":1316087254,"device_family":null,
            "minimum_os_version":"2.1","notes":"<p>New</p>","version":"8","shortversion":"1.0","status":2,
            "config_url":"https://rink.hockeyapp.net/manage/apps/123/app_versions/8",
            "public_url":"https://rink.hockeyapp.net/apps/0873e2b98ad046a92c170a243a8515f6"})");
}

QByteArray fieldErrors()
{
    return QByteArray(R"({"errors":{"bundle_version":["can't be blank","is invalid"],"ipa":["is missing"]}})");
}

QByteArray truncatedApps()
{
    return QByteArray(R"({"apps":[{"title":"x)");
}

} // namespace HockeyAppFixtures
