# Build: Maven with JDK 17; Node and npm for Vaadin's production front-end build.
FROM maven:3.9-eclipse-temurin-17 AS build
RUN apt-get update && apt-get install -y --no-install-recommends nodejs npm && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN mvn -B -Pproduction -DskipTests package

# Run: a JRE 17 with the jar; data and runs live on volumes so they survive new images.
FROM eclipse-temurin:17-jre
WORKDIR /app
COPY --from=build /src/target/cifar-lab.jar /app/cifar-lab.jar
# Without a passive wait policy ND4J's OpenMP threads spin and training runs 2-3x slower; one
# OpenMP thread per run, since the server trains one run per core (README, Performance); huge
# pages for ND4J's large arrays, as the jar's own restart asks for them (NativeEnvironment).
ENV OMP_WAIT_POLICY=PASSIVE \
    OMP_NUM_THREADS=1 \
    GLIBC_TUNABLES=glibc.malloc.hugetlb=1 \
    CIFAR_LAB_DATA_DIR=/data \
    CIFAR_LAB_RUNS_DIR=/runs
VOLUME ["/data", "/runs"]
EXPOSE 8080
# The heap and the Vector API the jar would otherwise set by restarting itself (NativeEnvironment); ND4J's arrays live off the heap.
ENTRYPOINT ["java", "-Xmx1g", "-Dorg.bytedeco.javacpp.maxBytes=4g", "--add-modules=jdk.incubator.vector", "-jar", "/app/cifar-lab.jar"]
