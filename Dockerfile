# The API image for docker-compose.yml. (Not used by scripts/run.sh, which runs on the host.)
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
# The build installs the dashboard's chart library from the npm registry.
RUN apt-get update && apt-get install -y --no-install-recommends nodejs npm && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN dotnet publish src/CreditLedger.Api -c Release -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
ENV ASPNETCORE_URLS=http://0.0.0.0:8080
EXPOSE 8080
ENTRYPOINT ["dotnet", "CreditLedger.Api.dll"]
