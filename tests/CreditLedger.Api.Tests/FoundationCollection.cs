global using System.Net;
global using CreditLedger.Api.Tests.Infrastructure;
