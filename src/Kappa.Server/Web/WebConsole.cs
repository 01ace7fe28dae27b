using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.FileProviders;

namespace Kappa.Server.Web;

/// <summary>
/// The web console at <c>/</c>: plain HTML, CSS and JavaScript embedded in this assembly
/// (<c>wwwroot/</c>), so the tool serves it with no build step and the page fetches nothing from
/// anywhere but this server.
/// </summary>
internal static class WebConsole
{
    public static WebApplication UseWebConsole(this WebApplication app)
    {
        var files = new EmbeddedFileProvider(typeof(WebConsole).Assembly, "wwwroot");
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            OnPrepareResponse = c =>
            {
                // Nothing but this server: no CDN, no inline code from elsewhere.
                c.Context.Response.Headers.ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'";
                c.Context.Response.Headers.XContentTypeOptions = "nosniff";
                c.Context.Response.Headers.CacheControl = "no-cache";
            },
        });
        return app;
    }
}
