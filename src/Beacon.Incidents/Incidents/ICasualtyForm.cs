namespace Beacon.Incidents.Incidents;

/// <summary>The figures a report form edits (伤亡和损失), shared by the first-report and follow-up forms.</summary>
public interface ICasualtyForm
{
    int Deaths { get; set; }

    int Missing { get; set; }

    int Injured { get; set; }

    int Trapped { get; set; }

    int Evacuated { get; set; }

    int Affected { get; set; }

    decimal DirectLossTenThousandYuan { get; set; }
}
