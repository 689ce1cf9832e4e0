-- wrk script: GET /api/rooms/$ROOM_ID with Authorization: Bearer $USER_TOKEN (an authorized room lookup).
wrk.method = "GET"
wrk.path = "/api/rooms/" .. os.getenv("ROOM_ID")
wrk.headers["Authorization"] = "Bearer " .. os.getenv("USER_TOKEN")
