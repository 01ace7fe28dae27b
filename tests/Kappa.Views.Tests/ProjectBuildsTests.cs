namespace Kappa.Views.Tests;

public class ProjectBuildsTests
{
    [Fact]
    public void The_assembly_loads() => Assert.NotNull(typeof(ProjectBuildsTests).Assembly);
}
