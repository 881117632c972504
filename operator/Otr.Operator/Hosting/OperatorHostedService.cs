using Microsoft.Extensions.Hosting;
using Otr.Operator.Controllers;

namespace Otr.Operator.Hosting;

/// <summary>Runs the <see cref="OperatorController"/> for the lifetime of the host.</summary>
internal sealed class OperatorHostedService(OperatorController controller) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => controller.RunAsync(stoppingToken);
}
