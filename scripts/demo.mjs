console.log("demo: to be replaced");
